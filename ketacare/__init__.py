"""ketacare: ketamine-assisted therapy as one arc of care."""
