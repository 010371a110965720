"""Jobs, restart and scheduling (K84x-K85x, off by default): Job cleanup, CronJob deadlines, priority classes,
node affinity and DNS options."""
