#!/bin/sh
# Renders docs/tasks-table.png (the Word 责任分工表) and, when LibreOffice Calc is installed,
# docs/tasks-workbook.png (the workbook's first printed page) for the README: the Qingyang opinion's
# task list converted by LibreOffice (headless) to PDF, first page to PNG by pdftoppm.
# Needs: apt-get install -y libreoffice-writer libreoffice-calc fonts-noto-cjk poppler-utils (not the tests).
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
.venv/bin/policy-pipeline tasks corpora/qingyang-2021-13.txt --out "$work/book.xlsx"
if FONTCONFIG_FILE="$PWD/docs/fonts-zh-official.conf" soffice --headless --norestore \
    -env:UserInstallation="file://$work/profile" --convert-to pdf --outdir "$work" "$work/book.xlsx" >/dev/null \
    && [ -f "$work/book.pdf" ]; then
    pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/book.pdf" docs/tasks-workbook
    echo "wrote docs/tasks-workbook.png"
else
    echo "no docs/tasks-workbook.png: LibreOffice Calc is not installed" >&2
fi
