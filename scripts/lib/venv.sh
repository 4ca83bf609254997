# shellcheck shell=bash
# A Python virtual environment under the repository's ignored .cache/ folder, holding exactly the
# pinned packages of a requirements file: made once with pip from PyPI, made anew when the file
# changes, and otherwise used as it is without touching the network. Whoever runs the script owns
# it (root, or the user whom sudo serves only for apt).

VENV_PYTHON=/usr/bin/python3  # Debian's, which python3-venv serves; else the one on PATH
[[ -x "$VENV_PYTHON" ]] || VENV_PYTHON=python3

# venv_ready DIR REQUIREMENTS: DIR holds a working environment made from this REQUIREMENTS.
venv_ready() {
  [[ -x "$1/bin/python" ]] && cmp -s "$2" "$1/.requirements" && "$1/bin/python" -c '' 2>/dev/null
}

# venv_ensure DIR REQUIREMENTS: makes DIR ready unless it is; two runs at once take turns.
venv_ensure() {
  local dir=$1 requirements=$2 fd
  mkdir -p "$(dirname "$dir")" || die "cannot make $(dirname "$dir")"
  exec {fd}>"$dir.lock" || die "cannot write $dir.lock (made by another user? remove $dir*)"
  flock "$fd"
  if ! venv_ready "$dir" "$requirements"; then
    log "installing $(grep -c '^[A-Za-z]' "$requirements") pinned Python packages into $dir"
    rm -rf "$dir"
    "$VENV_PYTHON" -m venv "$dir" ||
      die "$VENV_PYTHON cannot make a virtual environment (install-deps.sh installs python3-venv)"
    if ! "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
      --require-virtualenv -r "$requirements"; then
      rm -rf "$dir"
      die "pip could not install $requirements"
    fi
    cp "$requirements" "$dir/.requirements"
  fi
  exec {fd}>&-
}
