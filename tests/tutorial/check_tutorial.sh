#!/bin/sh
# Checks every snippet of a tutorial (docs/tutorial.md): ctest runs it as `docs.tutorial`.
#
#   check_tutorial.sh MUSTER TUTORIAL.md WORKDIR
#
# Every fenced block of the tutorial must be announced by the comment on the line before it
# (blank lines may come between); a block without one fails the check, so nothing the reader
# is shown goes unchecked:
#
#   <!-- file: PATH -->          the block's lines are appended to WORKDIR/PATH (created on
#                                first use): a file is built up snippet by snippet, as the
#                                reader builds it. The comment is invisible once rendered, so
#                                the line before it must show the reader the same name:
#                                `PATH` followed by a colon (backquotes included).
#   <!-- run -->                 a console block: each `$ COMMAND` line runs in WORKDIR, with
#   <!-- run: exit=N -->         `muster` being the program under test; the block's last
#                                command must exit with N (default 0), the others with 0; every
#                                other line of the block is output the command above it must
#                                print (stdout or stderr, anywhere; `...` stands for any text).
#
# The tutorial must also validate a policy and run its scenarios successfully at least once
# (`muster validate` and `muster test` with exit 0). Exit 0 when everything holds, 1 with
# "tutorial: FAILED ..." lines otherwise, 2 on a wrong command line.
set -u

if [ $# -ne 3 ]; then
  echo "usage: check_tutorial.sh MUSTER TUTORIAL.md WORKDIR" >&2
  exit 2
fi
muster_program=$1
tutorial=$2
work=$3
case $muster_program in /*) ;; *) muster_program=$(pwd)/$muster_program ;; esac
case $work in /*) ;; *) work=$(pwd)/$work ;; esac
if [ ! -x "$muster_program" ] || [ ! -r "$tutorial" ]; then
  echo "check_tutorial.sh: cannot run '$muster_program' or read '$tutorial'" >&2
  exit 2
fi

rm -rf "$work"
mkdir -p "$work/.bin" || exit 2
ln -s "$muster_program" "$work/.bin/muster" || exit 2
PATH=$work/.bin:$PATH
export PATH

failures=0
fail() {
  echo "tutorial: FAILED at $tutorial:$1: $2"
  failures=$((failures + 1))
}

# A line of expected output as a `case` pattern: glob characters are literal, `...` is `*`.
pattern_of() {
  printf '%s\n' "$1" | sed -e 's/[][\\*?]/\\&/g' -e 's/\.\.\./*/g'
}

# Whether the output file holds a line matching expected line $1.
printed() {
  pat=$(pattern_of "$1")
  while IFS= read -r got || [ -n "$got" ]; do
    # shellcheck disable=SC2254
    case $got in $pat) return 0 ;; esac
  done < "$2"
  return 1
}

validated=0
tested=0
expected_exit=0
# Runs the command of the console block gathered so far (if any) and checks its output; it
# must exit with $1.
run_pending() {
  [ -n "$command" ] || return 0
  want_exit=$1
  out=$work/.out
  (cd "$work" && sh -c "$command") > "$out" 2>&1
  status=$?
  if [ "$status" -ne "$want_exit" ]; then
    fail "$command_line" "'$command' exited with $status, not $want_exit; it printed:"
    sed 's/^/    /' "$out"
  fi
  printf '%s\n' "$expectations" > "$work/.expected"
  while IFS= read -r want || [ -n "$want" ]; do
    [ -n "$want" ] || continue
    if ! printed "$want" "$out"; then
      fail "$command_line" "'$command' did not print: $want"
      echo "  it printed:"
      sed 's/^/    /' "$out"
    fi
  done < "$work/.expected"
  if [ "$status" -eq 0 ] && [ "$want_exit" -eq 0 ]; then
    case $command in
      "muster validate "*) validated=$((validated + 1)) ;;
      "muster test "*) tested=$((tested + 1)) ;;
    esac
  fi
  command=
  expectations=
}

line_no=0
in_block=0
marker=
marker_line=0
command=
command_line=0
expectations=
previous=
files=0
while IFS= read -r line || [ -n "$line" ]; do
  line_no=$((line_no + 1))
  if [ "$in_block" -eq 0 ]; then
    case $line in
      '```'*)
        in_block=1
        block_line=$line_no
        if [ -z "$marker" ]; then
          fail "$line_no" "a snippet with no <!-- file: PATH --> or <!-- run --> comment before it: it would go unchecked"
          mode=skip
        else
          mode=$marker
        fi
        case $mode in
          file:*)
            path=${mode#file:}
            case $path in /*|*..*) fail "$marker_line" "file paths stay inside the work folder: $path"; mode=skip ;; esac
            if [ "$mode" != skip ]; then
              mkdir -p "$work/$(dirname "$path")"
              : >> "$work/$path"
              files=$((files + 1))
            fi
            ;;
        esac
        marker=
        ;;
      '<!-- file: '*' -->')
        [ -z "$marker" ] || fail "$marker_line" "a snippet comment with no snippet after it"
        marker=${line#<!-- file: }
        marker=file:${marker% -->}
        marker_line=$line_no
        [ "$previous" = "\`${marker#file:}\`:" ] ||
          fail "$line_no" "the line before <!-- file: ${marker#file:} --> must name the file to the reader: \`${marker#file:}\`:"
        ;;
      '<!-- run -->' | '<!-- run: exit='*' -->')
        [ -z "$marker" ] || fail "$marker_line" "a snippet comment with no snippet after it"
        expected_exit=0
        case $line in *exit=*) expected_exit=${line#*exit=}; expected_exit=${expected_exit% -->} ;; esac
        marker=run
        marker_line=$line_no
        ;;
      '') ;;
      *)
        [ -z "$marker" ] || fail "$marker_line" "a snippet comment must come right before its snippet"
        marker=
        ;;
    esac
    [ -z "$line" ] || previous=$line
    continue
  fi
  case $line in
    '```'*)
      in_block=0
      [ "$mode" = run ] && run_pending "$expected_exit"
      continue
      ;;
  esac
  case $mode in
    file:*) printf '%s\n' "$line" >> "$work/${mode#file:}" ;;
    run)
      case $line in
        '$ '*)
          run_pending 0
          command=${line#\$ }
          command_line=$line_no
          ;;
        *)
          if [ -z "$command" ]; then
            fail "$line_no" "output with no \$ command before it"
          else
            expectations="$expectations
$line"
          fi
          ;;
      esac
      ;;
  esac
done < "$tutorial"

[ "$in_block" -eq 0 ] || fail "$block_line" "a snippet that never ends"
[ -z "$marker" ] || fail "$marker_line" "a snippet comment with no snippet after it"
[ "$files" -gt 0 ] || fail "$line_no" "no <!-- file: --> snippet at all"
[ "$validated" -gt 0 ] || fail "$line_no" "no successful 'muster validate' run: the policy the tutorial builds is never shown valid"
[ "$tested" -gt 0 ] || fail "$line_no" "no successful 'muster test' run: the tutorial's scenarios are never run"

if [ "$failures" -gt 0 ]; then
  echo "tutorial: $failures problem(s) in $tutorial"
  exit 1
fi
echo "tutorial: every snippet of $tutorial checked ($files file snippets, $validated validate and $tested test runs passed)"
exit 0
