"""Team conventions (K140-K149, profile `conventions`): labels and annotations an organisation requires,
naming that ties objects together, namespaces."""
