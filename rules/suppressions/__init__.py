"""k8slint itself (K9xx): suppression comments and annotations."""
