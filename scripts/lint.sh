#!/bin/sh
# Formatting and the functions our C never calls (see docs: c_style_guide section 7).
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 2>/dev/null || find src tests -name '*.[ch]')
status=0
if ! clang-format --dry-run -Werror $files 2>/tmp/localaction-format.txt; then
  echo "lint: clang-format would change these files (run 'make format'):"
  grep -oE '^[^ :]+[.][ch]:' /tmp/localaction-format.txt | sort -u
  status=1
fi
banned='\b(gets|sprintf|vsprintf|strcpy|strcat|strncat|strtok|atoi|atol|sscanf|system|popen)[[:space:]]*\('
if grep -nE "$banned" $files; then
  echo "lint: banned functions above"
  status=1
fi
if command -v cppcheck >/dev/null 2>&1; then
  if ! cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
      --inline-suppr --std=c11 -I src src; then
    echo "lint: cppcheck found problems above"
    status=1
  fi
fi
exit $status
