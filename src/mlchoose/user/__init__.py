"""The user's own input: weights, preferred regions and interests (``preferences``) and the
saved or built-in profiles that hold them (``profiles``). The CLI turns them into a Query."""
