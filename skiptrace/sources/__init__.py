"""The data-source plugin host: model, context, HTTP, registry, settings, orchestrator."""
