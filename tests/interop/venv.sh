# Sourced by the interop scripts: `interop_venv DIR PKG...` makes a Python venv in DIR with the
# PyPI packages PKG... (installing Debian's python3-venv first where the system lacks it) and
# sets PY to its interpreter.
interop_venv() {
    local dir=$1; shift
    if ! python3 -m venv "$dir" >/dev/null 2>&1; then
        # Debian/Ubuntu ship venv separately.
        apt-get install -y python3-venv >/dev/null
        python3 -m venv "$dir"
    fi
    "$dir/bin/pip" install --quiet --disable-pip-version-check "$@"
    PY="$dir/bin/python"
}
