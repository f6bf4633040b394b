-- Chat (contract sections 9, 10 and 15): participants, messages, reactions, mentions, room moderation and the
-- welcome bot's once-only events, on top of the conversations table of 0002.

-- A two-person DM is one row per pair, whoever starts it: dm_user_low/dm_user_high are the pair, ordered, and the
-- unique index makes two users opening the same DM at once meet on one conversation. NULL for groups and for
-- non-group conversations of more than two.
ALTER TABLE conversations
    ADD COLUMN dm_user_low  BIGINT,
    ADD COLUMN dm_user_high BIGINT,
    ADD CONSTRAINT chk_conversations_dm_pair CHECK ((dm_user_low IS NULL) = (dm_user_high IS NULL) AND dm_user_low < dm_user_high);

CREATE UNIQUE INDEX uq_conversations_dm_pair ON conversations (dm_user_low, dm_user_high)
    WHERE dm_user_low IS NOT NULL AND deleted_at IS NULL;
-- Every group is a chatroom (contract 10): the chatroom list reads them by name.
CREATE INDEX idx_conversations_groups_name ON conversations (name, id) WHERE is_group AND deleted_at IS NULL;

-- last_read_message_id is the read state: unread = messages after it from someone else (computed, so it stays exact
-- after a send, a read, a leave and a delete). last_read_at is the contract's timestamp of the same event.
CREATE TABLE conversation_participants (
    conversation_id      BIGINT      NOT NULL CONSTRAINT fk_conversation_participants_conversation REFERENCES conversations (id) ON DELETE CASCADE,
    user_id              BIGINT      NOT NULL CONSTRAINT fk_conversation_participants_user REFERENCES users (id) ON DELETE CASCADE,
    joined_at            TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_read_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_read_message_id BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
);

CREATE INDEX idx_conversation_participants_user ON conversation_participants (user_id, conversation_id);

CREATE TABLE messages (
    id              BIGSERIAL PRIMARY KEY,
    conversation_id BIGINT      NOT NULL CONSTRAINT fk_messages_conversation REFERENCES conversations (id) ON DELETE CASCADE,
    sender_id       BIGINT      NOT NULL CONSTRAINT fk_messages_sender REFERENCES users (id) ON DELETE CASCADE,
    content         TEXT        NOT NULL,
    message_type    VARCHAR(50) NOT NULL DEFAULT 'text',
    metadata        JSONB,
    is_read         BOOLEAN     NOT NULL DEFAULT FALSE,
    read_at         TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    deleted_at      TIMESTAMPTZ
);

-- History pages (newest first, by offset or before an id), the latest message per conversation, and unread counts
-- (id > last_read_message_id) all walk this index.
CREATE INDEX idx_messages_conversation_id ON messages (conversation_id, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX idx_messages_sender ON messages (sender_id);

CREATE TABLE message_reactions (
    id         BIGSERIAL PRIMARY KEY,
    message_id BIGINT      NOT NULL CONSTRAINT fk_message_reactions_message REFERENCES messages (id) ON DELETE CASCADE,
    user_id    BIGINT      NOT NULL CONSTRAINT fk_message_reactions_user REFERENCES users (id) ON DELETE CASCADE,
    emoji      VARCHAR(32) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_message_reactions_message_user_emoji UNIQUE (message_id, user_id, emoji)
);

CREATE INDEX idx_message_reactions_user ON message_reactions (user_id);

CREATE TABLE message_mentions (
    id                   BIGSERIAL PRIMARY KEY,
    message_id           BIGINT      NOT NULL CONSTRAINT fk_message_mentions_message REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id      BIGINT      NOT NULL CONSTRAINT fk_message_mentions_conversation REFERENCES conversations (id) ON DELETE CASCADE,
    mentioned_user_id    BIGINT      NOT NULL CONSTRAINT fk_message_mentions_mentioned REFERENCES users (id) ON DELETE CASCADE,
    mentioned_by_user_id BIGINT      NOT NULL CONSTRAINT fk_message_mentions_mentioned_by REFERENCES users (id) ON DELETE CASCADE,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    read_at              TIMESTAMPTZ,
    CONSTRAINT uq_message_mentions_message_user UNIQUE (message_id, mentioned_user_id)
);

CREATE INDEX idx_message_mentions_user_created ON message_mentions (mentioned_user_id, created_at DESC, id DESC);
CREATE INDEX idx_message_mentions_conversation ON message_mentions (conversation_id);

CREATE TABLE chatroom_moderators (
    conversation_id    BIGINT      NOT NULL CONSTRAINT fk_chatroom_moderators_conversation REFERENCES conversations (id) ON DELETE CASCADE,
    user_id            BIGINT      NOT NULL CONSTRAINT fk_chatroom_moderators_user REFERENCES users (id) ON DELETE CASCADE,
    granted_by_user_id BIGINT      NOT NULL CONSTRAINT fk_chatroom_moderators_granted_by REFERENCES users (id) ON DELETE CASCADE,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (conversation_id, user_id)
);

CREATE INDEX idx_chatroom_moderators_user ON chatroom_moderators (user_id);

-- Muted while a row exists and muted_until is NULL (indefinite) or in the future.
CREATE TABLE chatroom_mutes (
    id               BIGSERIAL PRIMARY KEY,
    conversation_id  BIGINT       NOT NULL CONSTRAINT fk_chatroom_mutes_conversation REFERENCES conversations (id) ON DELETE CASCADE,
    user_id          BIGINT       NOT NULL CONSTRAINT fk_chatroom_mutes_user REFERENCES users (id) ON DELETE CASCADE,
    muted_by_user_id BIGINT       NOT NULL CONSTRAINT fk_chatroom_mutes_muted_by REFERENCES users (id) ON DELETE CASCADE,
    reason           VARCHAR(255) NOT NULL DEFAULT '',
    muted_until      TIMESTAMPTZ,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_chatroom_mutes_conversation_user UNIQUE (conversation_id, user_id)
);

CREATE INDEX idx_chatroom_mutes_user ON chatroom_mutes (user_id, created_at DESC);

-- What the welcome bot has done once: 'signup_dm' (conversation_id NULL) and 'room_join' per room. The NULLS NOT
-- DISTINCT index makes the signup DM once per user as well (the original's index let NULLs repeat).
CREATE TABLE welcome_bot_events (
    id              BIGSERIAL PRIMARY KEY,
    user_id         BIGINT      NOT NULL CONSTRAINT fk_welcome_bot_events_user REFERENCES users (id) ON DELETE CASCADE,
    conversation_id BIGINT      CONSTRAINT fk_welcome_bot_events_conversation REFERENCES conversations (id) ON DELETE CASCADE,
    event_type      VARCHAR(40) NOT NULL CONSTRAINT chk_welcome_bot_events_type CHECK (event_type IN ('signup_dm', 'room_join')),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE UNIQUE INDEX uq_welcome_bot_events ON welcome_bot_events (user_id, conversation_id, event_type) NULLS NOT DISTINCT;
