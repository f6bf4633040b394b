-- Users (contract section 15). Username and email are unique case-insensitively (project decision 4).
CREATE TABLE users (
    id                BIGSERIAL PRIMARY KEY,
    username          VARCHAR(255) NOT NULL,
    email             VARCHAR(255) NOT NULL,
    password          VARCHAR(255) NOT NULL,
    bio               TEXT         NOT NULL DEFAULT '',
    avatar            VARCHAR(255) NOT NULL DEFAULT '',
    is_admin          BOOLEAN      NOT NULL DEFAULT FALSE,
    is_banned         BOOLEAN      NOT NULL DEFAULT FALSE,
    banned_at         TIMESTAMPTZ,
    banned_reason     TEXT         NOT NULL DEFAULT '',
    banned_by_user_id BIGINT       REFERENCES users (id) ON DELETE SET NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    deleted_at        TIMESTAMPTZ
);

CREATE UNIQUE INDEX uq_users_username ON users (lower(username));
CREATE UNIQUE INDEX uq_users_email ON users (lower(email));
CREATE INDEX idx_users_deleted_at ON users (deleted_at);
CREATE INDEX idx_users_is_banned ON users (is_banned);
