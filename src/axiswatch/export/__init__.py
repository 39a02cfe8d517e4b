"""Exports of the store: files for other tools and for other stores."""
