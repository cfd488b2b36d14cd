"""Every SQL statement of the project, in one package, by what it serves.

``schema`` (the placement store's tables, views and migrations, meta, reference tables),
``placements`` (placement figures: writing and reading), ``kinerja`` (performance indicators),
``interns`` (internships abroad), ``open_data`` (the open-data export), ``masukan`` (the
feedback file) and ``limits`` (the limits file of the public forms). Statements take ``?``
parameters; the few that are assembled only splice in column names from fixed whitelists.
The other store modules run them; no other layer executes SQL.
"""
