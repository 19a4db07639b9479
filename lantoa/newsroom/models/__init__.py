"""Newsroom models, re-exported: pages, snippets, reader feedback."""

from lantoa.newsroom.models.feedback import Feedback, FeedbackState
from lantoa.newsroom.models.listings import ListingState, SectionListing
from lantoa.newsroom.models.pages import (
    AlbumPhoto,
    ArticlePage,
    ArticlePageTag,
    DocumentLibrary,
    LibraryDocument,
    PhotoAlbum,
    SectionIndex,
    TopicHub,
    UnitSiteHome,
)
from lantoa.newsroom.models.snippets import WebsiteLink
from lantoa.newsroom.models.workflow import UnitApprovalTask

__all__ = [
    "AlbumPhoto",
    "ArticlePage",
    "ArticlePageTag",
    "DocumentLibrary",
    "Feedback",
    "FeedbackState",
    "LibraryDocument",
    "ListingState",
    "PhotoAlbum",
    "SectionIndex",
    "SectionListing",
    "TopicHub",
    "UnitApprovalTask",
    "UnitSiteHome",
    "WebsiteLink",
]
