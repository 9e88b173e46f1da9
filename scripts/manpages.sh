#!/usr/bin/env bash
# Turns the pages swift-argument-parser generates (one per command) into the installed manual:
#   - every empty line becomes .Pp (mdoc warns about empty lines);
#   - the internal module-host command gets no page and is not referred to;
#   - netagent.1 gets its EXIT STATUS and EXAMPLES from the text blocks of --help as real mdoc,
#     and the CONFIGURATION, ENVIRONMENT and FILES sections of docs/man/netagent.1.sections;
#   - a command's page is named netagent.NAME, as its file, for whatis;
#   - SEE ALSO of every page lists only installed pages, netagent.toml(5) among them.
#
# Usage: scripts/manpages.sh GENERATED_DIR OUTPUT_DIR
set -euo pipefail
generated=$1 output=$2
here=$(cd "$(dirname "$0")/.." && pwd)
sections="$here/docs/man/netagent.1.sections"

for page in "$generated"/*.1; do
  name=$(basename "$page")
  [ "$name" = netagent.module-host.1 ] && continue
  awk -v root="$([ "$name" = netagent.1 ] && echo 1 || echo 0)" -v sections="$sections" '
    function flush_see_also(   i, line) {
      see[++n_see] = ".Xr netagent.toml 5"
      if (!root) see[++n_see] = ".Xr netagent 1"
      print ".Sh \"SEE ALSO\""
      for (i = 1; i <= n_see; i++) { line = see[i]; sub(/ ,$/, "", line); print line (i < n_see ? " ," : "") }
    }
    # The text blocks of the root command'"'"'s --help, collected for their own sections.
    root && block == "" && /^EXIT STATUS$/ { block = "exit"; next }
    root && block == "" && /^EXAMPLES$/ { block = "examples"; next }
    block == "exit" && /^  [0-9]+ / { n_exit++; status[n_exit] = $1; sub(/^  [0-9]+ +/, ""); meaning[n_exit] = $0; next }
    block == "exit" && /^   +[^ ]/ { sub(/^ +/, ""); meaning[n_exit] = meaning[n_exit] " " $0; next }
    block == "exit" && /^$/ { block = ""; next }
    block == "examples" && /^  / { sub(/^  /, ""); example[++n_examples] = $0; next }
    block == "examples" { block = "" }
    /^\.Sh "EXIT STATUS"$/ {
      if (root) {
        while ((getline line < sections) > 0) print line
        print ".Sh \"EXIT STATUS\""
        print ".Bl -tag -width 4n"
        for (i = 1; i <= n_exit; i++) { print ".It " status[i]; print meaning[i] }
        print ".El"
        print ".Sh EXAMPLES"
        print ".Bd -literal -offset indent"
        for (i = 1; i <= n_examples; i++) print example[i]
        print ".Ed"
        skip_ex = 1
      } else {
        print
        pending_ex_note = 1
      }
      next
    }
    /^\.Ex -std$/ && skip_ex { skip_ex = 0; next }
    /^\.Ex -std$/ && pending_ex_note { print; print "Each status is explained in"; print ".Xr netagent 1 ."; pending_ex_note = 0; next }
    # A command page is named netagent.NAME (as its file, so whatis finds it); its synopsis
    # still reads "netagent NAME".
    /^\.Nm "netagent [a-z-]+"$/ { command = $0; gsub(/^\.Nm "netagent |"$/, "", command); print ".Nm netagent." command; next }
    /^\.Nm$/ && command != "" { print ".Nm netagent"; print ".Cm " command; next }
    /^\.Nd ".*"$/ { sub(/^\.Nd "/, ".Nd "); sub(/"$/, "") }
    /^\.Sh "SEE ALSO"$/ { in_see = 1; next }
    in_see && /^\.Xr netagent\.module-host / { next }
    in_see && /^\.Xr / { see[++n_see] = $0; next }
    /^$/ { print ".Pp"; next }
    { print }
    END { flush_see_also() }
  ' "$page" > "$output/$name"
  chmod 0644 "$output/$name"
done
