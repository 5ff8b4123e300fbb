#!/bin/sh
# Renders docs/tasks-table.png, the picture of the Word 责任分工表 in the README: the Qingyang opinion's
# task list as .docx, converted by LibreOffice (headless) to PDF, first page to PNG by pdftoppm.
# Needs: apt-get install -y libreoffice-writer fonts-noto-cjk poppler-utils (not needed by the tests).
# docs/fonts-zh-official.conf maps the official fonts (仿宋_GB2312, 黑体 …) to Noto CJK when absent.
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/policy-pipeline tasks corpora/qingyang-2021-13.txt --format docx --out "$work/tasks.docx"
FONTCONFIG_FILE="$PWD/docs/fonts-zh-official.conf" soffice --headless --norestore \
    -env:UserInstallation="file://$work/profile" --convert-to pdf --outdir "$work" "$work/tasks.docx" >/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/tasks.pdf" docs/tasks-table
echo "wrote docs/tasks-table.png"
