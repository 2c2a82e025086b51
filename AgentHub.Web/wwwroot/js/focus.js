// Focus moves the server cannot make with an ElementReference of its own: RowActions gives the focus
// to the button of the row's menu that has just replaced the plain one the admin pressed.
window.agentHubFocus = {
    firstButton: element => element?.querySelector("button")?.focus(),
};
