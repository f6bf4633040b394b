-- The community feed (contract sections 4, 5, 8 and 15): posts, threaded comments, likes, polls and
-- post reports. Counts (likes, comments, poll votes) are not stored; reads aggregate them live.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE posts (
    id            BIGSERIAL PRIMARY KEY,
    title         VARCHAR(255)  NOT NULL,
    content       TEXT          NOT NULL,
    image_url     VARCHAR(255)  NOT NULL DEFAULT '',
    user_id       BIGINT        NOT NULL CONSTRAINT fk_posts_user REFERENCES users (id) ON DELETE CASCADE,
    sanctum_id    BIGINT        CONSTRAINT fk_posts_sanctum REFERENCES sanctums (id) ON DELETE SET NULL,
    post_type     VARCHAR(20)   NOT NULL DEFAULT 'text'
        CONSTRAINT chk_posts_post_type CHECK (post_type IN ('text', 'media', 'video', 'link', 'poll')),
    link_url      VARCHAR(2048) NOT NULL DEFAULT '',
    youtube_url   VARCHAR(512)  NOT NULL DEFAULT '',
    image_hash    VARCHAR(64),
    created_at    TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    updated_at    TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    deleted_at    TIMESTAMPTZ,
    -- Full-text search document (search uses it together with the trigram indexes below).
    search_vector TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || content)) STORED
);

-- The global feed and the per-sanctum feed read newest first over live posts only.
CREATE INDEX idx_posts_feed ON posts (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX idx_posts_sanctum_feed ON posts (sanctum_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX idx_posts_user_created ON posts (user_id, created_at DESC, id DESC);
CREATE INDEX idx_posts_image_hash ON posts (image_hash);
CREATE INDEX idx_posts_search_vector ON posts USING GIN (search_vector);
CREATE INDEX idx_posts_title_trgm ON posts USING GIN (title gin_trgm_ops);
CREATE INDEX idx_posts_content_trgm ON posts USING GIN (content gin_trgm_ops);

CREATE TABLE comments (
    id         BIGSERIAL PRIMARY KEY,
    content    TEXT        NOT NULL,
    user_id    BIGINT      NOT NULL CONSTRAINT fk_comments_user REFERENCES users (id) ON DELETE CASCADE,
    post_id    BIGINT      NOT NULL CONSTRAINT fk_comments_post REFERENCES posts (id) ON DELETE CASCADE,
    parent_id  BIGINT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    deleted_at TIMESTAMPTZ,
    CONSTRAINT uq_comments_id_post UNIQUE (id, post_id),
    -- A reply's parent is a comment of the same post.
    CONSTRAINT fk_comments_parent FOREIGN KEY (parent_id, post_id) REFERENCES comments (id, post_id) ON DELETE CASCADE
);

CREATE INDEX idx_comments_post_created ON comments (post_id, created_at);
CREATE INDEX idx_comments_user_id ON comments (user_id);
CREATE INDEX idx_comments_parent_id ON comments (parent_id);

CREATE TABLE likes (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT      NOT NULL CONSTRAINT fk_likes_user REFERENCES users (id) ON DELETE CASCADE,
    post_id    BIGINT      NOT NULL CONSTRAINT fk_likes_post REFERENCES posts (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT idx_user_post UNIQUE (user_id, post_id)
);

CREATE INDEX idx_likes_post_id ON likes (post_id);

CREATE TABLE polls (
    id         BIGSERIAL PRIMARY KEY,
    post_id    BIGINT      NOT NULL CONSTRAINT uq_polls_post_id UNIQUE
        CONSTRAINT fk_polls_post REFERENCES posts (id) ON DELETE CASCADE,
    question   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TABLE poll_options (
    id            BIGSERIAL PRIMARY KEY,
    poll_id       BIGINT       NOT NULL CONSTRAINT fk_poll_options_poll REFERENCES polls (id) ON DELETE CASCADE,
    option_text   VARCHAR(500) NOT NULL,
    display_order INT          NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_poll_options_id_poll UNIQUE (id, poll_id)
);

CREATE INDEX idx_poll_options_poll_order ON poll_options (poll_id, display_order);

CREATE TABLE poll_votes (
    id             BIGSERIAL PRIMARY KEY,
    user_id        BIGINT      NOT NULL CONSTRAINT fk_poll_votes_user REFERENCES users (id) ON DELETE CASCADE,
    poll_id        BIGINT      NOT NULL CONSTRAINT fk_poll_votes_poll REFERENCES polls (id) ON DELETE CASCADE,
    poll_option_id BIGINT      NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_poll_votes_user_poll UNIQUE (user_id, poll_id),
    -- The chosen option belongs to the voted poll.
    CONSTRAINT fk_poll_votes_option FOREIGN KEY (poll_option_id, poll_id) REFERENCES poll_options (id, poll_id) ON DELETE CASCADE
);

CREATE INDEX idx_poll_votes_poll_id ON poll_votes (poll_id);
CREATE INDEX idx_poll_votes_poll_option_id ON poll_votes (poll_option_id);

CREATE TABLE moderation_reports (
    id                  BIGSERIAL PRIMARY KEY,
    reporter_id         BIGINT       NOT NULL CONSTRAINT fk_moderation_reports_reporter REFERENCES users (id) ON DELETE CASCADE,
    target_type         VARCHAR(20)  NOT NULL
        CONSTRAINT chk_moderation_reports_target_type CHECK (target_type IN ('post', 'message', 'user')),
    target_id           BIGINT       NOT NULL, -- no FK: the target table depends on target_type
    reported_user_id    BIGINT       CONSTRAINT fk_moderation_reports_reported_user REFERENCES users (id) ON DELETE SET NULL,
    reason              VARCHAR(120) NOT NULL,
    details             TEXT         NOT NULL DEFAULT '',
    status              VARCHAR(20)  NOT NULL DEFAULT 'open'
        CONSTRAINT chk_moderation_reports_status CHECK (status IN ('open', 'resolved', 'dismissed')),
    resolved_by_user_id BIGINT       CONSTRAINT fk_moderation_reports_resolved_by REFERENCES users (id) ON DELETE SET NULL,
    resolved_at         TIMESTAMPTZ,
    resolution_note     TEXT         NOT NULL DEFAULT '',
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_moderation_reports_status_created ON moderation_reports (status, created_at DESC);
CREATE INDEX idx_moderation_reports_target ON moderation_reports (target_type, target_id);
CREATE INDEX idx_moderation_reports_reported_user_status ON moderation_reports (reported_user_id, status);
CREATE INDEX idx_moderation_reports_reporter_id ON moderation_reports (reporter_id);
