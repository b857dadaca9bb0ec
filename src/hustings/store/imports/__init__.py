"""The model of member import jobs from CSV and XLSX."""
