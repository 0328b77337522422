"""The app's screens: browse, compare (with the matrix), help, round facts, errors, pickers."""
