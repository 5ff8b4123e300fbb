"""Shared text pieces: regex building blocks (:mod:`.pieces`), the one numeral converter
(:mod:`.numerals`) and the one dates module (:mod:`.dates`), used by header, deadlines and targets."""
