"""The rules of the network checks: stable ids, default severities, one-line summaries."""

from __future__ import annotations

from ..rule import Rule, error, warning

REPOSITORY_MISSING = error("repository-missing", "`url` must lead to an existing repository.")
NOT_A_REPOSITORY = error("not-a-repository", "`url` on a known forge must be a repository's address.")
REPOSITORY_NOT_GIT = warning("repository-not-git", "`url` should answer as a git repository over http(s).")
LINK_MISSING = error("link-missing", "Linked pages must exist (no 404 or 410 answer).")
REMOTE_FILE_MISSING = error("remote-file-missing", "Logos and screenshots must exist at their URL.")
REMOTE_FILE_FORMAT = error("remote-file-format", "Logos and screenshots at a URL must have the content "
                           "their format says (SVG, SVGZ or PNG logos; PNG or JPEG screenshots).")
REMOTE_FILE_SIZE = warning("remote-file-size", "Logos and screenshots should be at most 4 MiB.")
REMOTE_FILE_PAGE = warning("remote-file-page", "Logos and screenshots at a URL should be the raw file, "
                           "not a forge's page about it.")
REMOTE_FILE_REPOSITORY = warning("remote-file-repository", "Logos and screenshots should live in the "
                                 "repository of `url`.")
VIDEO_MISSING = error("video-missing", "Videos must exist and be embeddable (their oEmbed endpoint "
                      "answers for them).")
UNVERIFIED = warning("network-unverified", "A network check could not be made (timeout, DNS, refused, "
                     "server error, private address); an error with strict network checks.")

RULES: tuple[Rule, ...] = (REPOSITORY_MISSING, NOT_A_REPOSITORY, REPOSITORY_NOT_GIT, LINK_MISSING,
                           REMOTE_FILE_MISSING, REMOTE_FILE_FORMAT, REMOTE_FILE_SIZE, REMOTE_FILE_PAGE,
                           REMOTE_FILE_REPOSITORY, VIDEO_MISSING, UNVERIFIED)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
