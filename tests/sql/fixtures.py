"""Given rows shared by the view tests: the US-Japan relationship in late 2025 plus distractors."""

from __future__ import annotations

# event_id sorts the same-day events; intensities: COOPERATE 6, AGREE 3, MOBILIZE -2, SANCTION -6
US_JAPAN = [
    {"event_id": "e1", "event_date": "2025-07-22", "event_type": "COOPERATE", "mode": "investment",
     "actor1_code": "JPN", "actor2_code": "USA", "amount_value": 550e9, "amount_unit": "USD", "status": "pledged",
     "topics": ["investment"], "summary": "2025-07-22 JPN -> USA COOPERATE investment $550bn (pledged)"},
    {"event_id": "e2", "event_date": "2025-10-28", "event_type": "AGREE", "actor1_code": "USA",
     "actor2_code": "JPN", "is_symmetric": True, "status": "completed", "topics": ["rare_earths"],
     "summary": "2025-10-28 USA <-> JPN AGREE (completed)", "sources": "Nikkei, Reuters"},
    {"event_id": "e3", "event_date": "2025-10-28", "event_type": "COOPERATE", "mode": "investment",
     "actor1_code": "JPN", "actor2_code": "USA", "amount_value": 400e9, "amount_unit": "USD", "status": "planned",
     "topics": ["investment"], "summary": "2025-10-28 JPN -> USA COOPERATE investment $400bn (planned)"},
    {"event_id": "e4", "event_date": "2025-10-28", "event_type": "MOBILIZE", "actor1_code": "JPN",
     "amount_value": 2, "amount_unit": "percent_gdp", "status": "pledged",
     "summary": "2025-10-28 JPN MOBILIZE 2% of GDP (pledged)"},
    {"event_id": "e5", "event_date": "2025-11-05", "event_type": "SANCTION", "mode": "tariff",
     "actor1_code": "USA", "actor2_code": "JPN", "status": "announced",
     "summary": "2025-11-05 USA -> JPN SANCTION tariff (announced)"},
    # retracted: in no view but new_since_last_run
    {"event_id": "e6", "event_date": "2025-10-29", "event_type": "COOPERATE", "actor1_code": "JPN",
     "actor2_code": "USA", "amount_value": 100e9, "amount_unit": "USD", "is_retracted": True, "num_articles": 0},
    # another pair
    {"event_id": "e7", "event_date": "2025-10-30", "event_type": "SANCTION", "actor1_code": "CHN",
     "actor2_code": "USA", "mode": "export_controls", "topics": ["rare_earths"],
     "summary": "2025-10-30 CHN -> USA SANCTION export controls (announced)"},
    # a euro pledge: its own running total, not in the US-dollar columns
    {"event_id": "e8", "event_date": "2025-11-06", "event_type": "AID", "actor1_code": "JPN",
     "actor2_code": "USA", "amount_value": 5e9, "amount_unit": "EUR", "status": "pledged", "topics": ["defence"],
     "summary": "2025-11-06 JPN -> USA AID €5bn (pledged)"},
    # dated only to the year: counted in January, flagged
    {"event_id": "e9", "event_date": "2025-01-01", "date_precision": "year", "event_type": "CONCEDE",
     "actor1_code": "USA", "actor2_code": "JPN", "topics": ["tariffs"], "summary": "2025 USA -> JPN CONCEDE (announced)"},
]
