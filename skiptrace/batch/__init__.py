"""Batch runs: many accounts searched under one stated purpose, resumable, shared by a team.

A batch is created with its selection and purpose (``queue.create_batch``: the gate's
rules are checked once, ``batch.started`` is logged, accounts the purpose does not cover
are skipped with their reason). Workers (``runner.run_batch``) claim accounts from the
queue in the workspace and search each through the research orchestrator, so every
account is its own logged search carrying the batch id. Progress lives in the queue, so a
batch resumes after a crash (``claims.recover``) without asking any source twice.
"""
