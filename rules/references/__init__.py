"""References between objects (K12x-K13x): names, selectors and ports that must lead to another object of the
apply set (reported when the set holds objects of the target's kind in its namespace, or always under the
`strict-references` profile)."""
