# shellcheck shell=bash
# A folder under the repository's ignored .cache/ holding exactly the npm packages of a committed
# package.json and package-lock.json: installed once with `npm ci` from the npm registry, anew when
# either file changes, and otherwise used as it is without touching the network. Whoever runs the
# script owns it (root, or the user whom sudo serves only for apt).

# node_env_ready DIR SOURCE: DIR holds what SOURCE's package.json and package-lock.json install.
node_env_ready() {
  [[ -d "$1/node_modules" ]] && cmp -s "$2/package.json" "$1/package.json" &&
    cmp -s "$2/package-lock.json" "$1/.installed-lock.json"
}

# node_env_ensure DIR SOURCE: makes DIR ready unless it is; two runs at once take turns.
node_env_ensure() {
  local dir=$1 source=$2 fd
  command -v node >/dev/null && command -v npm >/dev/null ||
    die "node and npm are needed (scripts/install-deps.sh installs them)"
  mkdir -p "$(dirname "$dir")" || die "cannot make $(dirname "$dir")"
  exec {fd}>"$dir.lock" || die "cannot write $dir.lock (made by another user? remove $dir*)"
  flock "$fd"
  if ! node_env_ready "$dir" "$source"; then
    log "installing the npm packages of $source/package-lock.json into $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    cp "$source/package.json" "$source/package-lock.json" "$dir/"
    # --ignore-scripts: nothing the packages ship runs at install time.
    if ! (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --update-notifier=false \
      --loglevel=error); then
      rm -rf "$dir"
      die "npm could not install $source/package-lock.json"
    fi
    cp "$source/package-lock.json" "$dir/.installed-lock.json"
  fi
  exec {fd}>&-
}
