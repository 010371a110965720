"""Availability and scaling (K82x-K83x): disruption budgets, autoscalers, replicas, spreading and update
strategies. Those that break node drains or fight an autoscaler are on; the rest is profile `reliability`."""
