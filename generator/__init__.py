"""Generator of the Austin IOP directory: records -> model -> pages -> site -> search index.

Stages, each knowing only the ones before it:

- ``diagnostics``: findings with file, line and column, and their output formats
- ``loader``: YAML records read safely, every value with its source position
- ``schema``: the JSON Schema of a record and its vocabularies
- ``validation``: schema, record and collection checks
- ``geography``: ZIP centroids, the service area, distances
- ``model``: validated records turned into programs ready to render
- ``render``: Jinja2 pages and data files, independent of any site engine
- ``mkdocs_adapter``: the thin MkDocs plugin around ``render``
- ``search_index``: Pagefind over the built site
- ``errors``: problems of the machine (a missing module, a port in use, permissions)
- ``cli``: the ``iop-directory`` (``python -m generator``) command line
"""

__version__ = "0.1.0"
