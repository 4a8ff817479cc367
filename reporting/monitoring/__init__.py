"""The city's side of the month (docs §10, issue #7): completeness, the review queue, money against budget,
outcomes, anomalies, the monitoring report (PDF) and its Excel exports, one package per dashboard.

Every dashboard is computed by a function of the actor and the filters that returns a `Dashboard`
(`tables.py`): key figures and tables, each table with an optional chart. The page, the API, the Excel
export and the PDF all render that one object, so the numbers cannot disagree between them.
"""
