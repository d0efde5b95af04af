"""The API's answer formats: JSON, and DRF's browsable HTML pages kept within the strict CSP.

DRF's browsable API puts the Pygments style sheet in an inline ``<style>`` block when Pygments
is installed; the Content-Security-Policy (``style-src 'self'``, docs/security-http.md) makes
the browser refuse it. The pages use it only to colour code in Markdown view descriptions,
which this API does not render, so it is left out instead of relaxing the policy.
"""

from __future__ import annotations

from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's browsable API without the inline style sheet (the CSP allows no inline styles)."""

    def get_context(self, data, accepted_media_type, renderer_context):
        context = super().get_context(data, accepted_media_type, renderer_context)
        context["code_style"] = None
        return context
