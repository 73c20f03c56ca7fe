"""Open-data exports of the published directory: programs.json and HSDS 3.0."""
