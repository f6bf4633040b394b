-- Communities (contract sections 3 and 15): sanctums, requests, memberships, and the conversations
-- table as far as a sanctum's default chat room needs it (the chat feature extends it later).
CREATE TABLE sanctums (
    id                 BIGSERIAL PRIMARY KEY,
    name               VARCHAR(120) NOT NULL,
    slug               VARCHAR(24)  NOT NULL,
    description        TEXT         NOT NULL DEFAULT '',
    created_by_user_id BIGINT       REFERENCES users (id) ON DELETE SET NULL,
    status             VARCHAR(20)  NOT NULL DEFAULT 'active'
        CONSTRAINT chk_sanctums_status CHECK (status IN ('active', 'pending', 'rejected', 'banned')),
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT NOW()
);

CREATE UNIQUE INDEX uq_sanctums_slug ON sanctums (slug);
CREATE INDEX idx_sanctums_created_by_user_id ON sanctums (created_by_user_id);
CREATE INDEX idx_sanctums_status_name ON sanctums (status, name);

CREATE TABLE sanctum_requests (
    id                   BIGSERIAL PRIMARY KEY,
    requested_name       VARCHAR(120) NOT NULL,
    requested_slug       VARCHAR(24)  NOT NULL,
    reason               TEXT         NOT NULL,
    requested_by_user_id BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status               VARCHAR(20)  NOT NULL DEFAULT 'pending'
        CONSTRAINT chk_sanctum_requests_status CHECK (status IN ('pending', 'approved', 'rejected')),
    reviewed_by_user_id  BIGINT       REFERENCES users (id) ON DELETE SET NULL,
    review_notes         TEXT         NOT NULL DEFAULT '',
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_sanctum_requests_requested_by_user_id ON sanctum_requests (requested_by_user_id);
CREATE INDEX idx_sanctum_requests_status ON sanctum_requests (status);
CREATE INDEX idx_sanctum_requests_user_status ON sanctum_requests (requested_by_user_id, status);
CREATE INDEX idx_sanctum_requests_status_created ON sanctum_requests (status, created_at);
-- The original checked this in code only; the index makes two concurrent requests for one slug impossible.
CREATE UNIQUE INDEX uq_sanctum_requests_pending_slug ON sanctum_requests (requested_slug) WHERE status = 'pending';

CREATE TABLE sanctum_memberships (
    sanctum_id BIGINT      NOT NULL REFERENCES sanctums (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    role       VARCHAR(20) NOT NULL DEFAULT 'member'
        CONSTRAINT chk_sanctum_memberships_role CHECK (role IN ('owner', 'mod', 'member')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (sanctum_id, user_id)
);

CREATE INDEX idx_sanctum_memberships_user_created ON sanctum_memberships (user_id, created_at);

CREATE TABLE conversations (
    id         BIGSERIAL PRIMARY KEY,
    name       VARCHAR(255) NOT NULL DEFAULT '',
    is_group   BOOLEAN      NOT NULL DEFAULT FALSE,
    avatar     VARCHAR(255) NOT NULL DEFAULT '',
    created_by BIGINT       NOT NULL DEFAULT 0, -- no FK: 0 marks the rooms of built-in sanctums
    sanctum_id BIGINT       REFERENCES sanctums (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    deleted_at TIMESTAMPTZ
);

CREATE UNIQUE INDEX uq_conversations_sanctum_id ON conversations (sanctum_id) WHERE sanctum_id IS NOT NULL;
CREATE INDEX idx_conversations_deleted_at ON conversations (deleted_at);
