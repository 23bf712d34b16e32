"""Multi-stage runs (validate -> consolidate -> write outputs): the kommunplan and the follow-up."""
