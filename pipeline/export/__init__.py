"""Writers: batch outputs (JSON, CSV tables), task lists (xlsx/csv/md)."""
