"""API Priority and Fairness (K4xx): FlowSchemas and PriorityLevelConfigurations."""
