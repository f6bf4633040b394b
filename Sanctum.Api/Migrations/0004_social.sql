-- The social graph (contract sections 7, 8 and 15): friendships and blocks.

-- One row per pair of users, whatever the direction: requester_id asked addressee_id. Rejection and cancellation
-- delete the row; 'blocked' is in the contract's enum but never set (blocks live in user_blocks).
CREATE TABLE friendships (
    id           BIGSERIAL PRIMARY KEY,
    requester_id BIGINT      NOT NULL CONSTRAINT fk_friendships_requester REFERENCES users (id) ON DELETE CASCADE,
    addressee_id BIGINT      NOT NULL CONSTRAINT fk_friendships_addressee REFERENCES users (id) ON DELETE CASCADE,
    status       VARCHAR(20) NOT NULL DEFAULT 'pending'
        CONSTRAINT chk_friendships_status CHECK (status IN ('pending', 'accepted', 'blocked')),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT chk_friendships_not_self CHECK (requester_id <> addressee_id),
    CONSTRAINT uq_friendships_requester_addressee UNIQUE (requester_id, addressee_id)
);

-- The pair, unordered: A->B and B->A cannot both exist, so two users asking each other at once make one row.
CREATE UNIQUE INDEX uq_friendships_pair ON friendships (LEAST(requester_id, addressee_id), GREATEST(requester_id, addressee_id));
-- Lists by either side and state (friends, incoming, outgoing), newest first.
CREATE INDEX idx_friendships_requester_status ON friendships (requester_id, status, created_at DESC);
CREATE INDEX idx_friendships_addressee_status ON friendships (addressee_id, status, created_at DESC);

-- One-directional: blocker_id blocked blocked_id.
CREATE TABLE user_blocks (
    id         BIGSERIAL PRIMARY KEY,
    blocker_id BIGINT      NOT NULL CONSTRAINT fk_user_blocks_blocker REFERENCES users (id) ON DELETE CASCADE,
    blocked_id BIGINT      NOT NULL CONSTRAINT fk_user_blocks_blocked REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT chk_user_blocks_not_self CHECK (blocker_id <> blocked_id),
    CONSTRAINT uq_user_blocks_pair UNIQUE (blocker_id, blocked_id)
);

CREATE INDEX idx_user_blocks_blocker_created ON user_blocks (blocker_id, created_at DESC);
CREATE INDEX idx_user_blocks_blocked_created ON user_blocks (blocked_id, created_at DESC);
