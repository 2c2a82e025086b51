namespace AgentHub.Web.Components.Shared;

/// <summary>The dialog options every tab uses, so dialogs look and close alike.</summary>
public static class DialogPresets
{
    /// <summary>A form: closes on Escape, not on a stray click outside (typed values would be lost).</summary>
    public static readonly DialogOptions Form = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };

    /// <summary>A question or a short result.</summary>
    public static readonly DialogOptions Small = new() { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true };
}

/// <summary>Keeps a dialog open while it waits for the server: Escape would otherwise drop a save in flight.</summary>
public static class DialogInstanceExtensions
{
    public static Task LockAsync(this IMudDialogInstance dialog, bool locked) =>
        dialog.SetOptionsAsync((dialog.Options ?? DialogPresets.Form) with { CloseOnEscapeKey = !locked });
}
