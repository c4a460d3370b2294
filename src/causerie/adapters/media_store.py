"""Which ``ImageStore`` the settings ask for: a directory under the data
directory (one machine), or an S3-compatible bucket (several nodes)."""

from __future__ import annotations

from causerie.adapters.media_disk import DiskImageStore
from causerie.config import Settings
from causerie.ports import ImageStore


async def open_image_store(settings: Settings) -> ImageStore:
    if settings.image_store == "s3":
        # boto3 is imported only by the nodes that use it (tens of MiB).
        from causerie.adapters.media_s3 import S3ImageStore

        store = S3ImageStore(
            bucket=settings.image_s3_bucket,
            endpoint_url=settings.image_s3_endpoint,
            region=settings.image_s3_region,
            access_key=settings.image_s3_access_key,
            secret_key=settings.image_s3_secret_key,
        )
        await store.ensure_bucket()
        return store
    return DiskImageStore(settings.data_dir / "images")
