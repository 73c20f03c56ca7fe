"""The site's page list and files, engine-neutral: what the engine adapter turns into its
own pages (``pages``: what each page is; ``content``: the pages and files from the records;
``theme``: where the templates and assets are)."""

from generator.site.content import (
    DataFile,
    RecordsInvalid,
    SiteContent,
    browser_texts_path,
    json_bytes,
    write_files,
)
from generator.site.pages import PageCollision, PageKind, SitePage
from generator.site.theme import packaged_theme_dir

__all__ = ["DataFile", "PageCollision", "PageKind", "RecordsInvalid", "SiteContent",
           "SitePage", "browser_texts_path", "json_bytes", "packaged_theme_dir", "write_files"]
