-- Images (contract sections 6 and 15): one row per uploaded master, its variants written by the worker.

CREATE TABLE images (
    id                    BIGSERIAL PRIMARY KEY,
    hash                  VARCHAR(64)  NOT NULL CONSTRAINT uq_images_hash UNIQUE,
    user_id               BIGINT       NOT NULL CONSTRAINT fk_images_user REFERENCES users (id) ON DELETE CASCADE,
    original_filename     VARCHAR(255) NOT NULL DEFAULT '',
    mime_type             VARCHAR(50)  NOT NULL,
    size_bytes            BIGINT       NOT NULL CONSTRAINT chk_images_size CHECK (size_bytes > 0),
    width                 INT          NOT NULL CONSTRAINT chk_images_width CHECK (width > 0),
    height                INT          NOT NULL CONSTRAINT chk_images_height CHECK (height > 0),
    original_path         VARCHAR(512) NOT NULL DEFAULT '',
    thumbnail_path        VARCHAR(512) NOT NULL DEFAULT '',
    medium_path           VARCHAR(512) NOT NULL DEFAULT '',
    uploaded_at           TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    last_accessed_at      TIMESTAMPTZ,
    status                VARCHAR(20)  NOT NULL DEFAULT 'queued'
        CONSTRAINT chk_images_status CHECK (status IN ('queued', 'processing', 'ready', 'failed')),
    blurhash              VARCHAR(83),
    error                 TEXT,
    crop_mode             VARCHAR(20)  NOT NULL DEFAULT 'free',
    crop_x                INT          NOT NULL DEFAULT 0,
    crop_y                INT          NOT NULL DEFAULT 0,
    crop_w                INT          NOT NULL DEFAULT 0,
    crop_h                INT          NOT NULL DEFAULT 0,
    processing_started_at TIMESTAMPTZ,
    processing_attempts   INT          NOT NULL DEFAULT 0,
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_images_user_uploaded ON images (user_id, uploaded_at DESC);
-- The worker's queue: queued rows oldest first, and processing rows to requeue when stuck.
CREATE INDEX idx_images_work ON images (status, updated_at) WHERE status IN ('queued', 'processing');

CREATE TABLE image_variants (
    id         BIGSERIAL PRIMARY KEY,
    image_id   BIGINT       NOT NULL CONSTRAINT fk_image_variants_image REFERENCES images (id) ON DELETE CASCADE,
    size_name  VARCHAR(20)  NOT NULL,
    size_px    INT          NOT NULL,
    format     VARCHAR(10)  NOT NULL,
    path       VARCHAR(512) NOT NULL,
    width      INT,
    height     INT,
    bytes      BIGINT       NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_image_variants_image_size_format UNIQUE (image_id, size_px, format)
);
