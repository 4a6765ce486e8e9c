"""`warta report`: one self-contained HTML page of charts and a province map over award records."""
