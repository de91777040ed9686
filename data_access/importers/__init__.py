"""Importers: the national returns a council already produces, turned into the warehouse contract.

Each importer reads its return, pseudonymises every identifier as it reads, derives contract
frames and hands them to the same validating, all-or-nothing loader as `c2l load`.
"""
