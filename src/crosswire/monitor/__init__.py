"""Monitoring: watch feeds, sitemaps and pages politely and safely; alert on what changed."""
