"""One way to spread work over processes: forked children that take the next task as soon as they are free.

Children are forked, so they start with the parent's memory (parsed files, the merged object set)
without copying it. A pool's children keep their state between calls, so the parent can ask the
child that did a task about it later (where a finding of a file it parsed is).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


class ForkPool:
    """`count` forked children, each answering requests with `handle(request)` until closed."""

    def __init__(self, handle: Callable[[Any], Any], count: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.connections: list[Any] = []
        self.processes: list[Any] = []
        for _ in range(count):
            parent_end, child_end = context.Pipe()
            process = context.Process(target=_serve, args=(handle, child_end), daemon=True)
            process.start()
            child_end.close()
            self.connections.append(parent_end)
            self.processes.append(process)

    def map(
        self,
        tasks: Sequence[Any],
        on_done: Callable[[int, int], None] | None = None,
        fallback: Callable[[Any], Any] | None = None,
        here: Callable[[Any], Any] | None = None,
        receive: Callable[[Any], Any] | None = None,
    ) -> list[Any]:
        """Results of every task, in task order; each child takes the next task when it is free.

        `on_done(child, task index)` runs as each task completes (progress, remembering which child
        did what). A task whose child dies runs `fallback(task)` here instead, if given. With `here`,
        this process runs tasks too (`here(task)`) whenever no child's result is waiting, instead of idling:
        it can then fork one child fewer, and each child is one more copy of the memory it touches. It takes
        them from the end, so that neighbouring tasks (which often share what they compute) stay together,
        and each child then holds its next two tasks too, so that it does not wait for this process to
        finish one before it gets another. `receive(reply)` turns a child's reply into its result, once
        the child has its next task.
        """
        from collections import deque
        from multiprocessing.connection import wait

        results: list[Any] = [None] * len(tasks)
        waiting = deque(range(len(tasks)))
        held = 3 if here is not None else 1  # tasks sent to a child and not yet answered
        busy: dict[Any, deque[int]] = {}

        def give(connection: Any) -> None:
            queue = busy.setdefault(connection, deque())
            while waiting and len(queue) < held:
                queue.append(waiting.popleft())
                connection.send(tasks[queue[-1]])
            if not queue:
                del busy[connection]

        for connection in self.connections:
            give(connection)
        while busy or (here is not None and waiting):
            ready = wait(list(busy), timeout=0 if here is not None and waiting else None)
            if not ready:
                index = waiting.pop()
                results[index] = here(tasks[index])
                continue
            for connection in ready:
                queue = busy[connection]
                index = queue.popleft()
                try:
                    reply = connection.recv()
                except (EOFError, OSError):
                    if fallback is None:
                        raise
                    del busy[connection]
                    for lost in (index, *queue):
                        results[lost] = fallback(tasks[lost])
                    continue
                give(connection)
                results[index] = reply if receive is None else receive(reply)
                if on_done is not None:
                    on_done(self.connections.index(connection), index)
        return results

    def ask(self, child: int, request: Any) -> Any:
        """One request to one child, answered by its `handle`."""
        connection = self.connections[child]
        connection.send(request)
        return connection.recv()

    def ask_each(self, requests: dict[int, Any]) -> dict[int, Any]:
        """Requests to several children at once, each answered by its `handle` while the others work on
        theirs; a child that is gone is left out of the answers."""
        asked = []
        for child, request in requests.items():
            try:
                self.connections[child].send(request)
            except OSError:
                continue
            asked.append(child)
        answers = {}
        for child in asked:
            try:
                answers[child] = self.connections[child].recv()
            except (EOFError, OSError):
                continue
        return answers

    def close(self) -> None:
        for connection in self.connections:
            try:
                connection.send(None)
            except OSError:
                pass
            connection.close()
        for process in self.processes:
            process.join()


def _serve(handle: Callable[[Any], Any], connection: Any) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the children
    while (request := connection.recv()) is not None:
        connection.send(handle(request))
