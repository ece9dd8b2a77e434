#!/usr/bin/env bash
# Posts a markdown file as one comment on the current pull request, and on later runs edits that
# same comment instead of adding another (it is found by a hidden marker on its first line).
# Used by action.yml and by the workflow `ai-iam init` writes.
#
#   comment.sh <markdown-file> [marker]
#
# Needs GH_TOKEN (a token that may write pull requests), GITHUB_REPOSITORY and PR_NUMBER; uses the
# GitHub CLI (`gh`, on every GitHub-hosted runner). Without a pull request it does nothing. A token
# that may not comment (a pull request from a fork) is a warning, not a failure: the diff is in the
# job summary too.
set -euo pipefail

file=${1:?usage: comment.sh <markdown-file> [marker]}
marker="<!-- ${2:-ai-iam} -->"
pr=${PR_NUMBER:-}
if [[ -z "$pr" ]]; then
  echo "ai-iam: not a pull request; no comment posted" >&2
  exit 0
fi
repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}

body=$(mktemp)
trap 'rm -f "$body"' EXIT
{
  printf '%s\n' "$marker"
  # GitHub refuses comments over 65,536 characters: keep the head and say where the rest is.
  if (($(wc -c <"$file") > 60000)); then
    head -c 60000 "$file"
    printf '\n\n… cut at 60,000 characters; the whole diff is in the job summary of run %s.\n' "${GITHUB_RUN_ID:-}"
  else
    cat "$file"
  fi
} >"$body"

warn() {
  echo "::warning title=ai-iam::could not $1 the pull-request comment (a read-only token, as for a pull request from a fork?); the diff is in the job summary"
  exit 0
}

# Only a comment this token's account wrote is ours to edit: anyone may comment on a pull request,
# and a comment starting with the marker would otherwise be the one edited, leaving ours with the
# previous run's diff. A user's token names its login; an installation token (GITHUB_TOKEN, an
# app's) cannot ask, and posts as a bot, which no one can comment as.
me=$(gh api user --jq .login 2>/dev/null) || me=""
if [[ -n "$me" ]]; then mine=".user.login == \"$me\""; else mine='.user.type == "Bot"'; fi
existing=$(gh api --paginate "repos/$repo/issues/$pr/comments" \
  --jq ".[] | select((.body | startswith(\"$marker\")) and $mine) | .id" 2>/dev/null | head -n 1) || warn "read"
if [[ -n "$existing" ]]; then
  gh api -X PATCH "repos/$repo/issues/comments/$existing" -F "body=@$body" >/dev/null || warn "update"
  echo "ai-iam: updated comment $existing on pull request #$pr"
else
  gh api -X POST "repos/$repo/issues/$pr/comments" -F "body=@$body" >/dev/null || warn "post"
  echo "ai-iam: commented on pull request #$pr"
fi
