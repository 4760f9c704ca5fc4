from .media import LoraDocument, LoraImage, LoraRendition
from .pages import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageTag,
    GalleryImage,
    GalleryPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ResourceLibraryPage,
    ResourcePage,
    StandardPage,
)
from .snippets import Author, Topic

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "Author",
    "GalleryImage",
    "GalleryPage",
    "HomePage",
    "LoraDocument",
    "LoraImage",
    "LoraRendition",
    "NewsIndexPage",
    "NewsPage",
    "ResourceLibraryPage",
    "ResourcePage",
    "StandardPage",
    "Topic",
]
