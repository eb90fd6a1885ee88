"""dispatch: routes accepted cases to departments and runs their handling (交办与办理)."""
