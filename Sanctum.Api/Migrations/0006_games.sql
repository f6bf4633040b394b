-- Games (contract 11, 15). Status is checked here (the original had no CHECK); game_moves.move_number is unique per
-- room, so two moves can never share a number even if a writer skipped the room's row lock (contract 19, item 19).
CREATE TABLE game_rooms (
    id            BIGSERIAL PRIMARY KEY,
    type          VARCHAR(50) NOT NULL,
    status        VARCHAR(20) NOT NULL DEFAULT 'pending'
                  CONSTRAINT chk_game_rooms_status CHECK (status IN ('pending', 'active', 'finished', 'cancelled')),
    creator_id    BIGINT      CONSTRAINT fk_game_rooms_creator REFERENCES users (id) ON DELETE SET NULL,
    opponent_id   BIGINT      CONSTRAINT fk_game_rooms_opponent REFERENCES users (id) ON DELETE SET NULL,
    winner_id     BIGINT      CONSTRAINT fk_game_rooms_winner REFERENCES users (id) ON DELETE SET NULL,
    is_draw       BOOLEAN     NOT NULL DEFAULT FALSE,
    configuration JSONB,
    current_state JSONB,
    next_turn_id  BIGINT      NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    deleted_at    TIMESTAMPTZ
);

CREATE INDEX idx_game_rooms_deleted_at ON game_rooms (deleted_at);
-- One pending room per creator and type (contract 11): concurrent creates by one user meet here and make one room.
CREATE UNIQUE INDEX uq_game_rooms_pending_creator_type ON game_rooms (creator_id, type)
    WHERE status = 'pending' AND deleted_at IS NULL;
-- The active-rooms list (pending rooms of a type, by recency) and its stale cleanup (by updated_at).
CREATE INDEX idx_game_rooms_status_type_updated ON game_rooms (status, type, updated_at DESC);

CREATE TABLE game_moves (
    id           BIGSERIAL PRIMARY KEY,
    game_room_id BIGINT      NOT NULL CONSTRAINT fk_game_moves_room REFERENCES game_rooms (id) ON DELETE CASCADE,
    user_id      BIGINT      NOT NULL CONSTRAINT fk_game_moves_user REFERENCES users (id) ON DELETE CASCADE,
    move_data    JSONB,
    move_number  INT         NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_game_moves_room_number UNIQUE (game_room_id, move_number)
);

CREATE INDEX idx_game_moves_user ON game_moves (user_id);

CREATE TABLE game_stats (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT      NOT NULL CONSTRAINT fk_game_stats_user REFERENCES users (id) ON DELETE CASCADE,
    game_type   VARCHAR(50) NOT NULL,
    wins        INT         NOT NULL DEFAULT 0,
    losses      INT         NOT NULL DEFAULT 0,
    draws       INT         NOT NULL DEFAULT 0,
    total_games INT         NOT NULL DEFAULT 0,
    points      INT         NOT NULL DEFAULT 0,
    CONSTRAINT idx_user_game UNIQUE (user_id, game_type)
);
