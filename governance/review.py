"""Moving content (pages and ad placements) through its workflow from code: the demo loader and
the tests use these, and they go through the same task methods the admin's buttons call."""

from django.core.exceptions import PermissionDenied


def submit_for_review(page, user):
    """Save the page's current state as ``user``'s revision and start its workflow."""
    page.save_revision(user=user)
    workflow = page.get_workflow()
    if workflow is None:
        raise PermissionDenied(f"No workflow applies to “{page}”.")
    return workflow.start(page, user)


def act_on_current_step(obj, user, action="approve", comment=""):
    """Approve or reject the current workflow step of ``obj`` as ``user``; refused like in the admin."""
    obj.refresh_from_db()
    task_state = obj.current_workflow_task_state
    if task_state is None:
        raise PermissionDenied(f"“{obj}” is not awaiting review.")
    task = task_state.task.specific
    if action not in {name for name, _label, _modal in task.get_actions(obj, user)}:
        raise PermissionDenied(f"{user} cannot {action} “{obj}” at {task.name}.")
    task.on_action(task_state, user, action, comment=comment)
    obj.refresh_from_db()
    return obj.current_workflow_state
