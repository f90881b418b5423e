"""Catalogue vetting: many repositories' publiccode.yml checked in one run (`publiccode-check vet`).

Sources (URL lists, directories, repository URLs) become targets; each target is
fetched and validated concurrently; each outcome is one record, written as a JSON
line as soon as it is known; the records make the summary and the HTML page.
"""
