// Entry point of the console bundle.
import './app.css';
import './components/bs-app.js';
