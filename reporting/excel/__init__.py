"""The monthly report as a workbook (issue #4): a pre-filled template to download and an all-or-nothing upload.

`template` yields the rows and renders them with openpyxl; `archive` checks the file before any parser sees it;
`importer` reads it with python-calamine and applies it through the same services as the API.
"""
