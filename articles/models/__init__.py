from .media import AltTextState, ImageAltText, Licence, LoraDocument, LoraImage, LoraRendition
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
    "AltTextState",
    "ArticlePageTag",
    "Author",
    "GalleryImage",
    "GalleryPage",
    "HomePage",
    "ImageAltText",
    "Licence",
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
