# Sourced by ./mvnw, ./porter and .ci/run: Porter targets Java 21, so when JAVA_HOME (or the
# java on PATH) is older, export JAVA_HOME as the newest JDK >= 21 under /usr/lib/jvm.
porter_java_major() { # $1 = a java binary; prints its feature version, or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1 | sed 's/^1\.//;s/^$/0/'
}
porter_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(porter_java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    return 0
  fi
  if [ -z "${JAVA_HOME:-}" ] && command -v javac >/dev/null 2>&1 && [ "$(porter_java_major java)" -ge 21 ]; then
    return 0
  fi
  best="" best_v=0
  # find, not a glob: ./mvnw runs with globbing off (set -f)
  for d in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -type d 2>/dev/null); do
    [ -x "$d/bin/javac" ] || continue
    v=$(porter_java_major "$d/bin/java")
    if [ "${v:-0}" -gt "$best_v" ]; then best=$d best_v=$v; fi
  done
  if [ "$best_v" -ge 21 ]; then
    export JAVA_HOME="$best"
  else
    echo "porter: needs a JDK >= 21 (set JAVA_HOME); none found under /usr/lib/jvm" >&2
    return 1
  fi
}
porter_pick_jdk
